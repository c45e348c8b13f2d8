// A rule form's Source/Destination suggestions hold the groups its rules name; the VPC's others
// are loaded when the person first goes to a rule's field or "Add rule" (PeerSuggestions in
// rule_editor.rs, which puts this script after its datalist): before they reach a Source or
// Destination, as a rule is edited from its left. The islands are then told, so that their
// checks know them too.
((suggestions) => {
  if (!suggestions?.dataset.more) return;
  const loadMore = async (event) => {
    const url = suggestions.dataset.more;
    if (!event.target.closest?.('.rule-editor') || !url) return;
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
})(document.getElementById('peer-suggestions'));
