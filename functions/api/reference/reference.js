// The API reference page's one script (no inline script: the page's CSP is script-src 'self').
// Swagger UI renders /openapi.json into #gps-reference, replacing the plain HTML reference the
// server wrote there (what a browser without JavaScript shows).
(function () {
  'use strict';
  var container = document.getElementById('gps-reference');
  if (!container || typeof window.SwaggerUIBundle !== 'function') return;

  // Swagger UI's own words are English (it has no translations), the document's are French:
  // its controls, headings and table headers say so (lang="en", WCAG 3.1.2), each time it draws
  // them — it redraws on every expansion. Descriptions keep the page's French.
  var ENGLISH = [
    '.opblock-section-header h4',
    '.opblock-section-header .try-out',
    '.btn.execute',
    '.btn-clear',
    '.btn.authorize',
    '.authorization__btn',
    '.opblock-description-wrapper > p',
    'table.parameters > thead',
    '.parameter__name.required',
    '.parameter__type',
    '.parameter__in',
    '.responses-table > thead',
    '.response-col_links > i',
    '.responses-inner h4',
    '.responses-inner h5',
    '.tablinks',
    '.response-control-media-type__title',
    '.response-control-media-type__accept-message',
    '.models-control',
    '.copy-to-clipboard',
    '.json-schema-2020-12-expand-deep-button',
    '.loading-container',
  ].join(',');
  function markEnglish() {
    var nodes = container.querySelectorAll(ENGLISH);
    for (var i = 0; i < nodes.length; i++) if (nodes[i].getAttribute('lang') !== 'en') nodes[i].setAttribute('lang', 'en');
  }
  var scheduled = false;
  // Only added nodes are watched, not attributes: setting lang does not call this again.
  new MutationObserver(function () {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      markEnglish();
    });
  }).observe(container, { childList: true, subtree: true });
  window.SwaggerUIBundle({
    url: container.getAttribute('data-openapi') || 'openapi.json',
    domNode: container,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // Problem types are anchors of this page (`/docs#probleme-validation`): Swagger UI must not take the fragment.
    deepLinking: false,
    docExpansion: 'list',
    defaultModelsExpandDepth: 1,
    defaultModelExpandDepth: 2,
    displayRequestDuration: true,
    showExtensions: false,
    // No call to a validator elsewhere on the web: the CSP allows this origin only.
    validatorUrl: null,
    onComplete: function () {
      container.setAttribute('aria-busy', 'false');
      markEnglish();
      // The note on Swagger UI's English is true only of what it drew, not of the plain reference.
      var note = document.getElementById('gps-reference-langue');
      if (note) note.hidden = false;
      // The reference above the anchor was drawn after the browser scrolled to it: scroll again.
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) target.scrollIntoView();
    },
  });
})();
