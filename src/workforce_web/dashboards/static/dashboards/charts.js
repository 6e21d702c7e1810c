// Draws each dashboard chart from the Vega-Lite spec embedded in the page (progressive
// enhancement: without JavaScript the tables beside the charts carry the same numbers).
(function () {
  "use strict";

  var NARROW = 640;  // px: below this a chart's container is too narrow for the wide layout

  // On a narrow container (a phone) the legend's second column and long group names do not
  // fit: one legend item a row, labels cut (with an ellipsis) to the width left of the row
  // after the y axis (the legend starts where the plot does) and the item's symbol, and the
  // bars' group names at most 55% of the width ("Children in Care Team 4" whole), so the
  // bars and their values keep the rest.
  function fitNarrow(spec, width) {
    if (width >= NARROW) { return spec; }
    spec.config = spec.config || {};
    spec.config.legend = Object.assign({}, spec.config.legend,
                                       { columns: 1, labelLimit: Math.max(120, width - 120) });
    (spec.layer || []).forEach(function (layer) {
      var y = layer.encoding && layer.encoding.y;
      if (y && y.type === "nominal") {
        y.axis = Object.assign({}, y.axis, { labelLimit: Math.round(width * 0.55) });
      }
    });
    return spec;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-wf-chart"));
    if (!source || typeof window.vegaEmbed !== "function") { return; }
    var spec = JSON.parse(source.textContent);
    delete spec.title;  // the page's own heading names the chart
    spec = fitNarrow(spec, el.clientWidth);
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
