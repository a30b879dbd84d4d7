// Dashboard and entity charts, drawn with the Plotly bundle that the plotly package ships.
// The data comes from a JSON block the server escaped; nothing here builds HTML from it.
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Plotly === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var layout = { margin: { t: 10, r: 10, b: 60, l: 50 }, legend: { orientation: "h", y: -0.25 },
                 font: { size: 11 } };
  var config = { displaylogo: false, responsive: true };

  function uniq(values) { return Array.from(new Set(values)).sort(); }
  // Plotly reads <b>, <a href> ... in names and labels as markup; outlet names and labels come
  // from articles, so they are shown as text.
  function text(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  // Category ticks: long names shortened (in full on hover), with room made for them.
  function ticks(values) {
    return { automargin: true, tickvals: values.map(text), ticktext: values.map(function (v) {
      var s = String(v);
      return text(s.length > 28 ? s.slice(0, 27) + "…" : s);
    }) };
  }

  function stacked(elementId, rows, xKey, groupKey, valueKey, horizontal) {
    var el = document.getElementById(elementId);
    if (!el) { return; }
    if (!rows.length) { el.textContent = "Nothing to chart yet."; el.classList.add("none"); return; }
    var xs = uniq(rows.map(function (r) { return r[xKey]; }));
    var groups = uniq(rows.map(function (r) { return r[groupKey]; }));
    var traces = groups.map(function (g) {
      var values = xs.map(function (x) {
        return rows.filter(function (r) { return r[xKey] === x && r[groupKey] === g; })
                   .reduce(function (s, r) { return s + r[valueKey]; }, 0);
      });
      var labels = xs.map(text);
      return horizontal ? { type: "bar", orientation: "h", name: text(g), y: labels, x: values }
                        : { type: "bar", name: text(g), x: labels, y: values };
    });
    var axes = horizontal ? { yaxis: ticks(xs), xaxis: { automargin: true } }
                          : { xaxis: { automargin: true }, yaxis: { automargin: true } };
    Plotly.newPlot(el, traces, Object.assign({ barmode: "stack" }, axes, layout), config);
    el.dataset.rendered = "true";
  }

  if (data.narratives) {
    stacked("chart-narratives", data.narratives.series, "period", "group", "articles", false);
  }
  if (data.techniques) {
    stacked("chart-techniques", data.techniques, "group", "technique", "spans", true);
  }
  if (data.framing) {
    var el = document.getElementById("chart-framing");
    var rows = data.framing.series;
    if (el && rows.length) {
      var groups = uniq(rows.map(function (r) { return r.group; }));
      var traces = groups.map(function (g) {
        var mine = rows.filter(function (r) { return r.group === g; });
        return { type: "scatter", mode: "lines+markers", name: text(g),
                 x: mine.map(function (r) { return r.period; }),
                 y: mine.map(function (r) { return r.shares.Antagonist; }),
                 text: mine.map(function (r) { return r.framed + " framing article(s)"; }) };
      });
      Plotly.newPlot(el, traces, Object.assign({ yaxis: { title: "Antagonist share",
                                                          range: [0, 1] } }, layout), config);
      el.dataset.rendered = "true";
    } else if (el) {
      el.textContent = "Nothing to chart yet."; el.classList.add("none");
    }
  }
})();
