// The evaluation's charts, drawn with ECharts from the data the page carries (the documents draw the same charts).
(function () {
  "use strict";
  var COLOURS = ["#b3261e", "#235a97", "#1b7f4a", "#a15c00", "#6b4fa0", "#5b6577", "#c77d2b", "#2b8a8a"];

  // Every figure reads as the server wrote it (series.shown, chart.shares: the tables' rules, 万元 20.80, a score
  // 27.5, a share 0.13%); the numbers only size the bars and wedges, so the browser rounds nothing its own way.
  function shownOf(series) {
    return function (value, index) { return series.shown[index]; };
  }

  function option(chart) {
    var values = function (series) { return series.values.map(Number); };
    var base = { color: COLOURS, title: { text: chart.title, left: "center", textStyle: { fontSize: 14 } },
                 tooltip: { trigger: chart.kind === "pie" ? "item" : "axis" }, animation: false };
    if (chart.kind === "pie") {
      // one wedge is named by its own label: a legend beside it would only say it again
      var single = chart.labels.length < 2;
      if (!single) { base.legend = { orient: "vertical", left: "right", top: "middle" }; }
      base.series = [{ type: "pie", radius: single ? "50%" : "60%", center: [single ? "50%" : "35%", "55%"],
                       label: { formatter: function (p) { return p.name + "\n" + chart.shares[p.dataIndex]; } },
                       tooltip: { valueFormatter: shownOf(chart.series[0]) },
                       data: chart.labels.map(function (label, i) { return { name: label, value: Number(chart.series[0].values[i]) }; }) }];
      return base;
    }
    var horizontal = chart.kind === "hbars";
    var category = { type: "category", data: chart.labels,
                     axisLabel: { interval: 0, rotate: horizontal || chart.labels.length <= 5 ? 0 : 30,
                                  width: horizontal ? 160 : undefined, overflow: horizontal ? "break" : "none" } };
    var amount = { type: "value", name: chart.unit };
    base.legend = { top: 24 };
    // room for the labels as they are (a 万元 axis of a large budget reads 30,000,000): the grid holds them whole
    base.grid = { top: 60, left: 12, right: horizontal ? 60 : 20, bottom: 12, containLabel: true };
    base.xAxis = horizontal ? amount : category;
    base.yAxis = horizontal ? category : amount;
    base.series = chart.series.map(function (s) {
      return { type: "bar", name: s.name, data: values(s), tooltip: { valueFormatter: shownOf(s) },
               label: { show: true, position: horizontal ? "right" : "top",
                        formatter: function (p) { return s.shown[p.dataIndex]; } } };
    });
    return base;
  }

  function draw() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) { return; }
    JSON.parse(holder.textContent).forEach(function (chart) {
      var element = document.getElementById(chart.id);
      if (element) { window.echarts.init(element, null, { renderer: "svg" }).setOption(option(chart)); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
