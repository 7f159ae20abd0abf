// The API's documentation page (/api/v1/docs): Swagger UI, with the settings the page carries as a JSON data block
// (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  SwaggerUIBundle(settings);
})();
