// Draws the report's charts with uPlot (inlined before this script) from the JSON in #report-data.
// Plain browser JavaScript, inlined into the page as it is: the report opens with no network access.
'use strict';
(function () {
  var charts = JSON.parse(document.getElementById('report-data').textContent);
  var HEIGHT_PX = 230;
  // Tick spacings for the time axis, in seconds of virtual time.
  var TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }
  /** Seconds since the load started as h:mm, or m:ss where ticks are less than a minute apart. */
  function clock(s, withSeconds) {
    s = Math.round(s);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return withSeconds ? h * 60 + m + ':' + pad(s % 60) : h + ':' + pad(m);
  }
  function number(v) {
    return v == null ? '–' : String(Math.round(v * 100) / 100);
  }
  function widthOf(figure) {
    return Math.max(320, figure.clientWidth);
  }

  var plots = charts.map(function (chart) {
    var figure = document.getElementById(chart.id);
    var opts = {
      width: widthOf(figure),
      height: HEIGHT_PX,
      scales: {
        x: { time: false },
        y: { range: function (u, min, max) { return [0, chart.yMax != null ? chart.yMax : Math.max(1, max * 1.08)]; } },
      },
      axes: [
        {
          incrs: TIME_INCRS,
          space: 60,
          values: function (u, splits, axis, space, incr) {
            return splits.map(function (s) { return clock(s, incr < 60); });
          },
        },
        { size: 48 },
      ],
      series: [{ label: 'time', value: function (u, v) { return v == null ? '–' : clock(v, true); } }].concat(
        chart.lines.map(function (line) {
          return { label: line.label, stroke: line.color, width: 1.5, points: { show: false }, value: function (u, v) { return number(v); } };
        }),
      ),
      legend: { live: true },
    };
    var data = [chart.x].concat(chart.lines.map(function (line) { return line.values; }));
    return { figure: figure, plot: new uPlot(opts, data, figure) };
  });

  window.addEventListener('resize', function () {
    plots.forEach(function (p) { p.plot.setSize({ width: widthOf(p.figure), height: HEIGHT_PX }); });
  });
  document.body.setAttribute('data-charts', String(plots.length));
})();
