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
  // In the page's order, one after the other (none holds another: no island takes children).
  async function hydrateIslands(mod) {
    for (const element of document.querySelectorAll('leptos-island')) {
      const island = mod[element.dataset.component];
      if (!island) {
        console.warn(`no WASM export for the island ${element.dataset.component}`);
        continue;
      }
      await island(element);
    }
  }
  import(`/${pkg}/${name}.js`).then(async (mod) => {
    await mod.default({ module_or_path: `/${pkg}/${name}.wasm` });
    mod.hydrate();
    await hydrateIslands(mod);
    hydrated();
  });
})
