// Guichet — the signature pad of a quote's acceptance. Progressive: without it (or without a
// pointer) the typed name is the signature; with it, the strokes drawn go in the hidden field
// as "x,y x,y;x,y …" in a 300 × 100 box, which the server checks.
(function () {
  "use strict";
  var box = document.querySelector("[data-signature]");
  if (!box) return;
  var field = document.getElementById("f-strokes");
  var canvas = box.querySelector("canvas");
  var clear = box.querySelector("[data-clear]");
  var ctx = canvas.getContext("2d");
  var strokes = [];
  var current = null;
  box.hidden = false;

  function point(e) {
    var r = canvas.getBoundingClientRect();
    var x = Math.min(300, Math.max(0, (e.clientX - r.left) * 300 / r.width));
    var y = Math.min(100, Math.max(0, (e.clientY - r.top) * 100 / r.height));
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  }
  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.lineWidth = 2;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#1b1b1b";
    strokes.forEach(function (s) {
      ctx.beginPath();
      s.forEach(function (p, i) {
        var x = p[0] * canvas.width / 300, y = p[1] * canvas.height / 100;
        if (i === 0) { ctx.moveTo(x, y); ctx.lineTo(x + 0.1, y + 0.1); } else { ctx.lineTo(x, y); }
      });
      ctx.stroke();
    });
    field.value = strokes.slice(0, 64).map(function (s) {
      return s.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
    }).join(";");
    clear.disabled = strokes.length === 0;
  }
  canvas.addEventListener("pointerdown", function (e) {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    current = [point(e)];
    strokes.push(current);
    draw();
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!current || current.length > 600) return;
    current.push(point(e));
    draw();
  });
  function end() { current = null; }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  clear.addEventListener("click", function () { strokes = []; draw(); });
  draw();
})();
