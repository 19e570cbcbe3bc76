/*
 * Lieu widget: a space's upcoming events or bookable resources on the space's own website.
 *
 *   <script src="https://<space>.<platform>/embed.js" data-lieu-widget="events" async></script>
 *   data-lieu-widget: "events" (default) or "resources"; data-lang: "fr" or "en" (default: the
 *   space's language); data-limit: how many events (1–10, default 5).
 *
 * It reads the space's public API (answers carry `Access-Control-Allow-Origin: *`, no cookie is
 * sent) and renders in a shadow root next to the script tag, so the host page's styles and ours do
 * not mix. Every value is set as text, never as HTML. Plain ES2017, no dependency, no build step.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(script.src).origin;
  var kind = script.getAttribute('data-lieu-widget') === 'resources' ? 'resources' : 'events';
  var limit = Math.min(10, Math.max(1, parseInt(script.getAttribute('data-limit') || '5', 10) || 5));
  var WORDS = {
    fr: { events: 'Prochains événements', resources: 'À réserver', none: 'Rien de prévu pour le moment.', free: 'Gratuit', perHour: '{price} de l’heure', training: 'Formation requise', book: 'Réserver', more: 'Voir tout', error: 'Impossible de charger les informations.', by: 'avec Lieu' },
    en: { events: 'Upcoming events', resources: 'To book', none: 'Nothing planned yet.', free: 'Free', perHour: '{price} an hour', training: 'Training required', book: 'Book', more: 'See all', error: 'Could not load the information.', by: 'with Lieu' },
  };

  var host = document.createElement('div');
  host.className = 'lieu-widget';
  host.setAttribute('data-lieu-widget', kind);
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = String(text);
    return e;
  }
  function get(path) {
    return fetch(base + path, { credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error(path + ' ' + r.status);
      return r.json();
    });
  }

  get('/api/v1/tenant').then(function (space) {
    var attr = script.getAttribute('data-lang');
    var lang = attr === 'en' || attr === 'fr' ? attr : space.locale === 'en' ? 'en' : 'fr';
    var w = WORDS[lang];
    var tag = lang === 'fr' ? 'fr-FR' : 'en-GB';
    var money = function (cents, currency) { return new Intl.NumberFormat(tag, { style: 'currency', currency: currency || space.currency || 'EUR' }).format(cents / 100); };
    var when = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: space.timeZone });
    var brand = (space.branding && space.branding.primaryColor) || '#1f4e79';

    var style = el('style');
    style.textContent =
      ':host{display:block}.w{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;border:1px solid #ddd;border-radius:8px;padding:12px 16px;max-width:480px;background:#fff}' +
      'h2{font-size:17px;margin:0 0 8px;color:' + brand + '}ul{list-style:none;margin:0;padding:0}li{padding:6px 0;border-top:1px solid #eee}li:first-child{border-top:0}' +
      'a{color:' + brand + '}.m{color:#555;font-size:13px}.p{font-weight:700}.f{margin:8px 0 0;font-size:12px;color:#666}';
    var box = el('section', { class: 'w', lang: lang, 'aria-label': space.name + ' — ' + w[kind] });
    box.appendChild(el('h2', null, space.name + ' — ' + w[kind]));
    var list = el('ul');
    box.appendChild(list);
    root.appendChild(style);
    root.appendChild(box);

    var footer = function (href) {
      var p = el('p', { class: 'f' });
      p.appendChild(el('a', { href: base + href, target: '_blank', rel: 'noopener' }, w.more));
      p.appendChild(document.createTextNode(' · ' + w.by));
      box.appendChild(p);
    };

    if (kind === 'events') {
      return get('/api/v1/public/events?limit=' + limit).then(function (page) {
        if (!page.items.length) list.appendChild(el('li', null, w.none));
        page.items.forEach(function (e) {
          var li = el('li');
          li.appendChild(el('a', { href: base + '/events/' + encodeURIComponent(e.id), target: '_blank', rel: 'noopener' }, e.title));
          li.appendChild(el('div', { class: 'm' }, when.format(new Date(e.start))));
          li.appendChild(el('div', { class: 'p' }, e.price.cents === 0 ? w.free : money(e.price.cents)));
          list.appendChild(li);
        });
        footer('/events');
      });
    }
    return get('/api/v1/offer/resources').then(function (offer) {
      if (!offer.items.length) list.appendChild(el('li', null, w.none));
      offer.items.forEach(function (r) {
        var li = el('li');
        li.appendChild(el('strong', null, r.name));
        var hour = r.prices.standard.hourCents;
        li.appendChild(el('div', { class: 'p' }, hour === 0 ? w.free : w.perHour.replace('{price}', money(hour, offer.currency))));
        if (r.trainingRequired) li.appendChild(el('div', { class: 'm' }, w.training));
        list.appendChild(li);
      });
      footer('/book');
    });
  }).catch(function () {
    root.appendChild(el('p', { role: 'status' }, (WORDS[script.getAttribute('data-lang') === 'en' ? 'en' : 'fr']).error));
  });
})();
