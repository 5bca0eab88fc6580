// Guichet — the drawing tool of a project's drawing step. Progressive: without it, the
// corners are typed in the text field (or a width and a length), which stays the reference.
(function () {
  "use strict";
  var box = document.querySelector("[data-drawing]");
  if (!box) return;
  var field = document.getElementById("f-points");
  var canvas = box.querySelector("canvas");
  var area = box.querySelector("[data-area]");
  var ctx = canvas.getContext("2d");
  var scale = 10; // pixels per metre: 64 m × 40 m
  box.hidden = false;

  function parse() {
    return field.value.split(/[\s;]+/).filter(Boolean).map(function (p) {
      var xy = p.split(",");
      return [parseFloat(xy[0]), parseFloat(xy[1])];
    }).filter(function (p) { return isFinite(p[0]) && isFinite(p[1]); });
  }
  function write(points) {
    field.value = points.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
    draw();
  }
  function surface(points) {
    var s = 0;
    for (var i = 0; i < points.length; i++) {
      var a = points[i], b = points[(i + 1) % points.length];
      s += a[0] * b[1] - b[0] * a[1];
    }
    return Math.abs(s) / 2;
  }
  function draw() {
    var points = parse();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#e3e6ea";
    ctx.lineWidth = 1;
    for (var x = 0; x <= canvas.width; x += scale * 5) { ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, canvas.height); ctx.stroke(); }
    for (var y = 0; y <= canvas.height; y += scale * 5) { ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(canvas.width, y); ctx.stroke(); }
    if (!points.length) { area.textContent = ""; return; }
    ctx.beginPath();
    points.forEach(function (p, i) {
      var px = p[0] * scale, py = p[1] * scale;
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    if (points.length > 2) { ctx.closePath(); ctx.fillStyle = "rgba(30, 58, 138, .15)"; ctx.fill(); }
    ctx.strokeStyle = "#1e3a8a";
    ctx.lineWidth = 2;
    ctx.stroke();
    points.forEach(function (p) { ctx.fillStyle = "#1e3a8a"; ctx.fillRect(p[0] * scale - 3, p[1] * scale - 3, 6, 6); });
    area.textContent = points.length > 2 ? (Math.round(surface(points) * 100) / 100) + " m²" : "";
  }
  canvas.addEventListener("click", function (e) {
    var r = canvas.getBoundingClientRect();
    var x = (e.clientX - r.left) * (canvas.width / r.width) / scale;
    var y = (e.clientY - r.top) * (canvas.height / r.height) / scale;
    var points = parse();
    points.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
    write(points);
  });
  box.querySelector("[data-undo]").addEventListener("click", function () { var p = parse(); p.pop(); write(p); });
  box.querySelector("[data-clear]").addEventListener("click", function () { write([]); });
  field.addEventListener("input", draw);
  draw();
})();
