// Paying by card. The card is typed into Stripe.js's field and given to Stripe, which hands
// back a card id; only that id is posted to Guichet. Without Stripe.js nothing is sent.
(function () {
  'use strict';

  var form = document.getElementById('pay-form');
  if (form && typeof window.Stripe === 'function') {
    var locale = (document.documentElement.lang || 'auto').slice(0, 2);
    var stripe = window.Stripe(form.dataset.stripeKey, { locale: locale });
    var card = stripe.elements().create('card');
    card.mount('#card-element');
    var errors = document.getElementById('card-errors');
    var button = form.querySelector('button[type=submit]');
    var sending = false;
    form.addEventListener('submit', function (event) {
      if (form.elements.card.value) return; // the card id is set: the form goes.
      event.preventDefault();
      if (sending) return;
      sending = true;
      button.disabled = true;
      var label = button.textContent;
      button.textContent = form.dataset.busy;
      var fail = function (message) {
        errors.textContent = message || form.dataset.cardMissing;
        sending = false;
        button.disabled = false;
        button.textContent = label;
      };
      Promise.resolve()
        .then(function () { return stripe.createToken(card); })
        .then(function (result) {
          if (!result || result.error || !result.token || !result.token.card) {
            fail(result && result.error && result.error.message);
            return;
          }
          errors.textContent = '';
          form.elements.card.value = result.token.card.id;
          form.submit();
        })
        .catch(function () { fail(); });
    });
  }

  // The bank asks the customer to confirm (3-D Secure): Stripe.js shows its step, then the
  // page is read again; only Stripe's webhook marks the payment received.
  var confirm = document.getElementById('bank-confirm');
  if (confirm && typeof window.Stripe === 'function') {
    var s = window.Stripe(confirm.dataset.stripeKey);
    confirm.addEventListener('click', function () {
      confirm.disabled = true;
      s.confirmCardPayment(confirm.dataset.clientSecret).then(function (result) {
        if (result.error) {
          document.getElementById('card-errors').textContent = result.error.message || '';
        }
        window.location.reload();
      });
    });
  }

  // Waiting for Stripe's word: read the page again in a few seconds.
  var waiting = document.querySelector('[data-refresh]');
  if (waiting) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * Number(waiting.dataset.refresh));
  }
})();
