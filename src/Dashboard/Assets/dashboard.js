// The dashboard's own script: draws the ECharts charts whose options the server rendered (data-chart), and keeps live
// regions (data-live) current from their Server-Sent Events stream, without reloading the page.
"use strict";
(() => {
  const drawn = new Set();

  // Draws (or redraws) every chart under root; an element keeps its ECharts instance across live updates.
  function drawCharts(root) {
    for (const el of root.querySelectorAll("[data-chart]")) {
      let chart = echarts.getInstanceByDom(el);
      if (!chart) {
        chart = echarts.init(el, null, { renderer: "canvas" });
        drawn.add(chart);
      }
      chart.setOption(JSON.parse(el.dataset.chart), { notMerge: true });
    }
  }

  // Replaces a live region's content with new HTML, moving each existing chart element (and its instance) into the new
  // content in place of its namesake, so charts update instead of being rebuilt.
  function applyUpdate(region, html) {
    const content = region.querySelector(".live-content");
    const next = document.createElement("template");
    next.innerHTML = html;
    for (const fresh of next.content.querySelectorAll("[data-chart][id]")) {
      const old = content.querySelector(`#${CSS.escape(fresh.id)}`);
      if (old) {
        old.dataset.chart = fresh.dataset.chart;
        old.style.cssText = fresh.style.cssText;
        fresh.replaceWith(old);
      }
    }
    for (const old of content.querySelectorAll("[data-chart]")) {
      if (!next.content.contains(old)) {
        const chart = echarts.getInstanceByDom(old);
        if (chart) { drawn.delete(chart); chart.dispose(); }
      }
    }
    content.replaceChildren(next.content);
    drawCharts(content);
    for (const chart of drawn) chart.resize();
    region.dataset.updates = String(Number(region.dataset.updates || "0") + 1);
    document.dispatchEvent(new CustomEvent("bigdl:updated", { detail: region }));
  }

  function connect(region) {
    const problem = region.querySelector(".live-problem");
    const source = new EventSource(region.dataset.live);
    source.addEventListener("open", () => { region.dataset.connected = "true"; });
    // Updates wait for the next frame and only the latest is drawn: when several arrive while the page is busy (a
    // loaded machine, a hidden tab), the page catches up in one redraw instead of working through a backlog.
    let pending = null;
    source.addEventListener("update", e => {
      const first = pending === null;
      pending = e.data;
      if (!first) return;
      requestAnimationFrame(() => {
        const html = pending;
        pending = null;
        problem.hidden = true;
        applyUpdate(region, html);
      });
    });
    source.addEventListener("problem", e => {
      problem.textContent = e.data;
      problem.hidden = false;
    });
    source.addEventListener("error", () => { region.dataset.connected = "false"; });
  }

  function start() {
    // A key given once in the address (?key=) became a cookie; take it out of the address bar and history.
    const url = new URL(window.location.href);
    if (url.searchParams.has("key")) {
      url.searchParams.delete("key");
      history.replaceState(null, "", url);
    }
    drawCharts(document);
    for (const region of document.querySelectorAll("[data-live]")) connect(region);
    window.addEventListener("resize", () => { for (const chart of drawn) chart.resize(); });
  }

  // For tests and the curious: the number of points a chart's series holds.
  window.bigdl = {
    points: (id, series = 0) => {
      const chart = echarts.getInstanceByDom(document.getElementById(id));
      const s = chart && chart.getOption().series[series];
      return s ? s.data.length : -1;
    },
    seriesCount: id => {
      const chart = echarts.getInstanceByDom(document.getElementById(id));
      return chart ? chart.getOption().series.length : -1;
    },
  };

  start();
})();
