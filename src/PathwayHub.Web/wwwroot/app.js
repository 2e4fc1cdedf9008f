// "Skip to main content" moves keyboard focus to the page's main content. Followed as a link it would go to /#main (the home
// page) because of <base href="/">, so it is handled here, in the capture phase, before Blazor's navigation sees the click.
document.addEventListener('click', event => {
    const link = event.target instanceof Element ? event.target.closest('a.skip-link') : null;
    const main = document.getElementById('main');
    if (!link || !main) return;
    event.preventDefault();
    event.stopPropagation();
    main.focus();
    main.scrollIntoView();
}, true);
