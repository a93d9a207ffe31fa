/** The viewer's page: toolbar, tree sidebar, graph, details pane, legend. */

const PAGE = `
<div id="toolbar">
  <input id="search" type="search" placeholder="Find an HDF5 path…" aria-label="Find an HDF5 path">
  <button id="fit" title="Fit the graph to the window">Fit</button>
  <label title="Reference/link hops the focus view shows">hops
    <select id="hops"><option>1</option><option selected>2</option><option>3</option></select></label>
  <button id="focus" title="The selected object and what is within the hops">Focus</button>
  <button id="all" title="Back to the whole file">Show all</button>
  <label title="Label every reference and link (else only those of the selected object)">
    <input id="edge-labels" type="checkbox"> edge labels</label>
  <span id="stats" data-nodes="0" data-edges="0" data-broken="0">Loading…</span>
</div>
<div id="main">
  <nav id="tree" aria-label="Objects of the file"></nav>
  <div id="graph" role="img" aria-label="Dependency graph"></div>
  <aside id="details"><p class="hint">Click an object to see its attributes; double-click a box to open or close it.</p></aside>
</div>
<div id="legend">
  <span class="swatch reference"></span>reference
  <span class="swatch link"></span>link
  <span class="swatch broken"></span>broken
  <span class="hint">boxes nest what their group holds; ▸ closed, ▾ open</span>
</div>`;

export function buildPage(): void {
  if (document.getElementById("graph")) return;
  const holder = document.createElement("div");
  holder.id = "viewer";
  holder.innerHTML = PAGE;
  document.body.prepend(...Array.from(holder.children));
}

export function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}
