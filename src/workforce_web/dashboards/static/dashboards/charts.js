// Draws each dashboard chart from the Vega-Lite spec embedded in the page (progressive
// enhancement: without JavaScript the tables beside the charts carry the same numbers).
(function () {
  "use strict";

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-wf-chart"));
    if (!source || typeof window.vegaEmbed !== "function") { return; }
    var spec = JSON.parse(source.textContent);
    delete spec.title;  // the page's own heading names the chart
    window.vegaEmbed(el, spec, { actions: false, renderer: "svg", tooltip: true })
      .then(function (result) {
        el.classList.add("wf-chart--drawn");
        var svg = el.querySelector("svg");
        if (svg) {
          // The container is the accessible image; the SVG's parts are decoration.
          svg.setAttribute("aria-hidden", "true");
          svg.setAttribute("focusable", "false");
        }
        var details = el.parentNode.querySelector("[data-wf-collapse]");
        if (details) { details.removeAttribute("open"); }
        return result;
      })
      .catch(function () { el.classList.add("wf-chart--failed"); });
  }

  function drawAll() {
    var charts = document.querySelectorAll("[data-wf-chart]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
