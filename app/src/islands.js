// Hydrates the page's islands (its forms), then marks the page hydrated (`data-hydrated` on
// <html>, which the end-to-end tests wait for). A page without islands loads no WASM at all.
// After Leptos's own island loader (leptos/src/hydration/island_script.js), which does not say
// when it is done.
((pkg, name) => {
  const hydrated = () => document.documentElement.setAttribute('data-hydrated', '');
  if (!document.querySelector('leptos-island')) {
    hydrated();
    return;
  }
  // An island inside another's children takes the contexts the outer one gave them.
  const childrenHooks = [];
  async function hydrateIsland(element, mod) {
    const island = mod[element.dataset.component];
    if (!island) {
      console.warn(`no WASM export for the island ${element.dataset.component}`);
      return;
    }
    childrenHooks.at(-1)?.();
    await island(element);
  }
  async function walk(node, mod) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === 'leptos-island') await hydrateIsland(node, mod);
    if (tag === 'leptos-children') childrenHooks.push(node.$$on_hydrate);
    for (const child of node.children) await walk(child, mod);
    if (tag === 'leptos-children') childrenHooks.pop();
  }
  import(`/${pkg}/${name}.js`).then(async (mod) => {
    await mod.default({ module_or_path: `/${pkg}/${name}.wasm` });
    mod.hydrate();
    await walk(document.body, mod);
    hydrated();
  });
})
