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

// The circuit's connection: Blazor reports each state of its reconnection to the dialog in ReconnectModal.razor.
const reconnectModal = document.getElementById('components-reconnect-modal');
const reconnectedFlag = 'pathwayhub-reconnect-reloaded';

function reloadAfterLostSession() {
    // This server does not know the circuit (its instance stopped and another answered): start afresh there, and say why.
    sessionStorage.setItem(reconnectedFlag, '1');
    location.reload();
}

async function retryReconnect() {
    document.removeEventListener('visibilitychange', retryWhenVisible);
    try {
        if (!(await Blazor.reconnect()) && !(await Blazor.resumeCircuit())) reloadAfterLostSession();
    } catch {
        // Still unreachable: Blazor reports "failed" again and the dialog keeps offering a retry.
    }
}

function retryWhenVisible() {
    if (document.visibilityState === 'visible') retryReconnect();
}

if (reconnectModal) {
    reconnectModal.addEventListener('components-reconnect-state-changed', event => {
        const state = event.detail.state;
        if (state === 'show' || state === 'retrying') {
            if (!reconnectModal.open) reconnectModal.showModal();
        } else if (state === 'hide') {
            reconnectModal.close();
        } else if (state === 'failed') {
            document.addEventListener('visibilitychange', retryWhenVisible);
        } else if (state === 'rejected') {
            reloadAfterLostSession();
        }
    });
    document.getElementById('reconnect-retry').addEventListener('click', retryReconnect);
}

const reconnectNotice = document.getElementById('reconnect-notice');
if (reconnectNotice && sessionStorage.getItem(reconnectedFlag)) {
    sessionStorage.removeItem(reconnectedFlag);
    reconnectNotice.hidden = false;
}
document.getElementById('reconnect-notice-dismiss')?.addEventListener('click', () => { reconnectNotice.hidden = true; });

// The navigation drawer's toggle (MainLayout.razor): open or close it where it is, beside the content on wide screens and over
// it on narrow ones. The state is a class on <html>, which the circuit never re-renders, so it survives navigation.
// aria-expanded tells screen reader users whether the menu is showing; it follows the drawer through toggles and resizes (the
// drawer hides itself on narrow screens).
const navShown = () => {
    const drawer = document.getElementById('nav-drawer');
    return !!drawer && getComputedStyle(drawer).display !== 'none';
};
const syncNavToggle = () => {
    const shown = navShown();
    document.querySelectorAll('[data-nav-toggle]').forEach(b => b.setAttribute('aria-expanded', shown ? 'true' : 'false'));
};
document.addEventListener('click', event => {
    const toggle = event.target instanceof Element ? event.target.closest('[data-nav-toggle]') : null;
    if (!toggle || !document.getElementById('nav-drawer')) return;
    const shown = navShown();
    document.documentElement.classList.toggle('nav-closed', shown);
    document.documentElement.classList.toggle('nav-open', !shown);
    syncNavToggle();
});
window.addEventListener('resize', syncNavToggle);
// The circuit replaces the prerendered layout when it starts, and a reconnect may again: a fresh toggle gets its state.
new MutationObserver(() => {
    if (document.querySelector('[data-nav-toggle]:not([aria-expanded])')) syncNavToggle();
}).observe(document.body, { childList: true, subtree: true });
syncNavToggle();
