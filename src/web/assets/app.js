// vanban pages: the one script. It only draws the implementation graph of a
// reference page with Cytoscape.js + dagre (vendored, served from /assets);
// every page works without it (the graph then stays the server-drawn SVG).
(function () {
  "use strict";
  function draw(box) {
    var data = document.getElementById(box.getAttribute("data-graph"));
    if (!data || typeof window.cytoscape !== "function") return;
    var g;
    try { g = JSON.parse(data.textContent); } catch (e) { return; }
    var elements = [];
    g.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: n, classes: [n.kind, n.root ? "root" : "", n.central ? "central" : ""].join(" ") });
    });
    g.edges.forEach(function (e, i) {
      elements.push({ group: "edges", data: { id: "e" + i, source: e.from, target: e.to, kind: e.kind }, classes: e.kind });
    });
    box.innerHTML = "";
    var cy = window.cytoscape({
      container: box,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.15,
      maxZoom: 2.5,
      style: [
        { selector: "node", style: {
          "shape": "round-rectangle", "label": "data(label)", "text-wrap": "wrap", "text-max-width": 150,
          "text-valign": "center", "text-halign": "center", "font-size": 11, "font-family": "Noto Sans, system-ui, sans-serif",
          "width": "label", "height": "label", "padding": 8, "background-color": "#ffffff",
          "border-width": 1, "border-color": "#8c959f", "color": "#1f2328" } },
        { selector: "node.corpus", style: { "background-color": "#e8f0fe", "border-color": "#0b57d0" } },
        { selector: "node.central", style: { "background-color": "#fbeaea", "border-color": "#9a1b1b" } },
        { selector: "node.root", style: { "border-width": 3, "font-weight": "bold" } },
        { selector: "edge", style: {
          "curve-style": "bezier", "width": 1.5, "line-color": "#57606a", "target-arrow-color": "#57606a",
          "target-arrow-shape": "triangle", "arrow-scale": 1.1 } },
        { selector: "edge.continues", style: { "line-color": "#8250df", "target-arrow-color": "#8250df" } },
        { selector: "edge.cites", style: { "line-style": "dashed", "line-color": "#afb8c1", "target-arrow-color": "#afb8c1", "width": 1 } },
        { selector: "edge.attached_to", style: { "line-style": "dotted" } }
      ],
      layout: {
        name: "dagre", rankDir: "BT", nodeSep: 18, rankSep: 60, animate: false, fit: true, padding: 12,
        // Route edges that skip a level around the nodes between, as dagre laid them out.
        useDagreEdgeControlPoints: true, automaticDagreEdgeStyle: true
      }
    });
    cy.on("tap", "node", function (ev) {
      var href = ev.target.data("href");
      if (href) window.location.href = href;
    });
    cy.on("mouseover", "node", function (ev) { if (ev.target.data("href")) box.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function () { box.style.cursor = ""; });
    // Fit the drawing again when its box changes size (a phone turned, a window resized).
    if (typeof ResizeObserver === "function") {
      var timer = null;
      new ResizeObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(function () { cy.resize(); cy.fit(undefined, 12); }, 100);
      }).observe(box);
    }
    box.cy = cy;
    box.setAttribute("data-drawn", String(cy.nodes().length));
  }
  function start() {
    var boxes = document.querySelectorAll("[data-graph]");
    for (var i = 0; i < boxes.length; i++) draw(boxes[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
