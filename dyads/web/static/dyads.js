// dyads dashboard: draw every Vega-Lite chart of the page. Specs sit in <script type="application/json">
// elements (data, never run); vega-embed runs with the expression interpreter (ast: true), so the
// page's Content-Security-Policy needs neither inline scripts nor eval.
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    if (!source || typeof vegaEmbed === "undefined") {
      el.setAttribute("data-state", "failed");
      el.textContent = "The chart library did not load.";
      return;
    }
    var spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, {renderer: "svg", actions: false, ast: true, defaultStyle: false})
      .then(function () { el.setAttribute("data-state", "rendered"); })
      .catch(function (err) {
        el.setAttribute("data-state", "failed");
        el.textContent = "The chart could not be drawn: " + err;
      });
  }
  document.querySelectorAll(".chart[data-spec]").forEach(draw);
})();
