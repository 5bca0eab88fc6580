// The configurator page updates as choices change: the server answers the same page for the
// choices made (options still possible, ranges, price, summary), and the parts that follow
// the choices are swapped in. Without JavaScript, "Update" does the same in a round trip.
(function () {
  'use strict';
  var form = document.querySelector('form[data-configure]');
  if (!form) return;
  var pending = null;
  function query() {
    var params = new URLSearchParams();
    form.querySelectorAll('input[name^="opt."]').forEach(function (el) {
      if ((el.type === 'radio' && !el.checked) || el.disabled) return;
      if (el.value !== '') params.append(el.name, el.value);
    });
    return params.toString();
  }
  function refresh() {
    if (pending) pending.abort();
    pending = new AbortController();
    var url = form.getAttribute('action') + '?' + query();
    fetch(url, { credentials: 'same-origin', signal: pending.signal })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var focused = document.activeElement && document.activeElement.id;
        form.querySelectorAll('[data-group]').forEach(function (el) {
          var fresh = doc.querySelector('[data-group="' + el.getAttribute('data-group') + '"]');
          if (fresh) el.replaceWith(document.importNode(fresh, true));
        });
        var live = form.querySelector('[data-live]');
        var freshLive = doc.querySelector('[data-live]');
        if (live && freshLive) live.innerHTML = freshLive.innerHTML;
        if (focused) {
          var again = document.getElementById(focused);
          if (again) again.focus();
        }
        form.setAttribute('data-updated', '1');
      })
      .catch(function () { /* The "Update" button still works. */ });
  }
  form.addEventListener('change', function (e) {
    if (e.target && e.target.name && e.target.name.indexOf('opt.') === 0) refresh();
  });
})();
