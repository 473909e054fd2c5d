// The analytics charts, drawn with ECharts from the data the page carries, in the house style of
// static/jixiao/charts.js (colours, titles, bars with labels), plus line charts and stacked bars. Every chart has
// the table of its figures beside it on the page: the chart is a picture of that table.
(function () {
  "use strict";
  // twelve hues apart, so that a bureau's twelve departments' lines are twelve colours (eight made four pairs alike);
  // past twelve, lines are dashed (`lineFor`)
  var COLOURS = ["#b3261e", "#235a97", "#1b7f4a", "#a15c00", "#6b4fa0", "#5b6577", "#d62f8b", "#2b8a8a",
                 "#0b84d8", "#7a8b00", "#8c564b", "#111111"];

  function numbers(series) {
    return series.values.map(function (v) { return v === null ? null : Number(v); });
  }

  // a line's points, each labelled below it where another line's point of the same year is higher
  function besideOthers(chart, index) {
    var all = chart.series.map(numbers);
    return all[index].map(function (v, i) {
      if (v === null) { return null; }
      var lower = all.some(function (other, k) { return k !== index && other[i] !== null && other[i] > v; });
      return lower ? { value: v, label: { position: "bottom" } } : v;
    });
  }

  // a bar's or point's label as the table beside it shows the figure: the page's text (scores and rates to 2 places,
  // "78.20"), a count as the whole number it is
  function labelled(chart, series) {
    return function (p) { return chart.whole ? String(p.value) : series.values[p.dataIndex]; };
  }

  // a wedge's share as the server rounded it (each half up on its own), not ECharts' {d}, made to add up to 100
  function pie(chart, base) {
    base.legend = { orient: "vertical", left: "right", top: "middle" };
    base.series = [{ type: "pie", radius: "60%", center: ["40%", "55%"], label: { formatter: function (p) { return p.name + "\n" + p.value + "（" + chart.shares[p.dataIndex] + "）"; } },
                     data: chart.labels.map(function (label, i) { return { name: label, value: Number(chart.series[0].values[i]) }; }) }];
    return base;
  }

  // The legend shows every series' name, wrapped onto as many lines as it needs (a paged legend hid 9 of 12
  // departments behind "1/3"): its lines are counted from the names' widths in the chart's font, and the plot and
  // the chart grow by that many lines so no name sits on a line or a label.
  var LEGEND_LINE = 24;
  function legendLines(names, width) {
    var context = document.createElement("canvas").getContext("2d");
    context.font = "12px sans-serif";
    var lines = 1, used = 0, room = Math.max(width - 20, 100);
    names.forEach(function (name) {
      var item = context.measureText(name).width + 25 + 10;  // the mark, its gap to the name, the gap to the next
      if (used > 0 && used + item > room) { lines += 1; used = 0; }
      used += item;
    });
    return lines;
  }

  function option(chart, element) {
    var base = { color: COLOURS, title: { text: chart.title, left: "center", textStyle: { fontSize: 14 } },
                 tooltip: { trigger: chart.kind === "pie" ? "item" : "axis" }, animation: false };
    if (chart.kind === "pie") { return pie(chart, base); }
    var horizontal = chart.kind === "hbars";
    var many = chart.labels.length > 12;
    // long department names: as wide as the axis leaves each label, whole in the tooltip
    var room = horizontal ? 150 : Math.max(70, Math.min(220, Math.floor(900 / Math.max(chart.labels.length, 1))));
    // up to twelve bars have their names whole, upright on two or three lines (department and 检查项 names are
    // long); more are slanted and cut, whole in the tooltip
    var fold = many ? "truncate" : "break";
    var category = { type: "category", data: chart.labels,
                     axisLabel: { interval: 0, rotate: horizontal || !many ? 0 : 30, width: room, overflow: fold } };
    var amount = { type: "value", name: chart.unit, minInterval: chart.whole ? 1 : 0 };
    var extra = (legendLines(chart.series.map(function (s) { return s.name; }), element.clientWidth) - 1) * LEGEND_LINE;
    if (extra > 0) { element.style.height = (element.clientHeight + extra) + "px"; }
    base.legend = { top: 24, type: "plain" };
    // a horizontal bar's figure is written after its end: the widest bar needs room for "99.58" and the axis' unit
    // the grid holds its axis labels whole (containLabel): a long axis figure or a name on two lines is not cut
    base.grid = { top: (chart.kind === "line" ? 72 : 60) + extra, left: 12, right: horizontal ? 64 : 30,
                  bottom: 16, containLabel: true };
    base.xAxis = horizontal ? amount : category;
    base.yAxis = horizontal ? category : amount;
    base.series = chart.series.map(function (s, index) {
      if (chart.kind === "line") {
        // two lines close together (a rate of 88.88 over a mean of 83.18) wrote their labels over each other: at
        // each year the higher point's label goes above it and the lower one's below; labels still touching move apart
        return { type: "line", name: s.name, data: besideOthers(chart, index), connectNulls: false, symbolSize: 7,
                 lineStyle: { type: index < COLOURS.length ? "solid" : "dashed" },
                 label: { show: chart.series.length <= 3, position: "top", formatter: labelled(chart, s) },
                 labelLayout: { moveOverlap: "shiftY" } };
      }
      return { type: "bar", name: s.name, data: numbers(s), stack: chart.stacked ? "total" : undefined,
               label: { show: !chart.stacked && chart.labels.length * chart.series.length <= 24,
                        position: horizontal ? "right" : "top", formatter: labelled(chart, s) } };
    });
    return base;
  }

  function draw() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) { return; }
    JSON.parse(holder.textContent).forEach(function (chart) {
      var element = document.getElementById(chart.id);
      if (element) {
        var shown = option(chart, element);  // may make the element taller first: ECharts sizes its canvas once
        var drawn = window.echarts.init(element, null, { renderer: "canvas" });
        drawn.setOption(shown);
        window.addEventListener("resize", function () { drawn.resize(); });
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
