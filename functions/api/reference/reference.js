// The API reference page's one script (no inline script: the page's CSP is script-src 'self').
// Swagger UI renders /openapi.json into #gps-reference, replacing the plain HTML reference the
// server wrote there (what a browser without JavaScript shows).
(function () {
  'use strict';
  var container = document.getElementById('gps-reference');
  if (!container || typeof window.SwaggerUIBundle !== 'function') return;
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
      // The reference above the anchor was drawn after the browser scrolled to it: scroll again.
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) target.scrollIntoView();
    },
  });
})();
