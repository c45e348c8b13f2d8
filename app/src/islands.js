// Hydrates the page's islands (its forms), then marks the page hydrated (`data-hydrated` on
// <html>, which the end-to-end tests wait for). A page without islands loads no WASM at all.
// After Leptos's own island loader (leptos/src/hydration/island_script.js), which does not say
// when it is done. Also loads a rule form's further suggestions when they are first needed.
((pkg, name) => {
  const hydrated = () => document.documentElement.setAttribute('data-hydrated', '');
  // A rule form's Source/Destination suggestions hold the groups its rules name; the VPC's others
  // are loaded when the person first goes to one of those fields (PeerSuggestions in
  // components/rule_editor.rs). The islands are then told, so that their checks know them too.
  const suggestions = document.getElementById('peer-suggestions');
  if (suggestions?.dataset.more) {
    const loadMore = async (event) => {
      const url = suggestions.dataset.more;
      if (event.target.getAttribute?.('list') !== suggestions.id || !url) return;
      delete suggestions.dataset.more;
      try {
        const answer = await fetch(url);
        if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
        const known = new Set(Array.from(suggestions.options, (o) => o.value));
        // The groups before the prefix lists, as the server orders them.
        const lists = Array.from(suggestions.options).find((o) => o.value.startsWith('pl-')) ?? null;
        for (const group of await answer.json()) {
          if (known.has(group.id)) continue;
          const option = new Option(group.name ?? '', group.id);
          if (group.owner) option.dataset.owner = group.owner;
          suggestions.insertBefore(option, lists);
        }
        document.removeEventListener('focusin', loadMore);
        window.dispatchEvent(new Event(suggestions.id));
      } catch (error) {
        // Asked again the next time a field is gone to.
        suggestions.dataset.more = url;
        console.warn('the VPC\'s groups could not be loaded for the suggestions:', error);
      }
    };
    document.addEventListener('focusin', loadMore);
  }
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
