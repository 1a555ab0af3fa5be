// A page's link carries its token in the fragment. The token leaves the address bar at once and is
// kept in storage, so that a reload still works. `storageName` is 'localStorage' (kept for later
// visits) or 'sessionStorage' (this tab only); it is looked up inside try, as private modes throw.

/** Keeps `token` under `key` and takes it out of the address bar, leaving `rest` as the fragment. */
export function stashToken(storageName, key, token, rest) {
  try { window[storageName].setItem(key, token); } catch (e) { /* private mode: keep in memory */ }
  history.replaceState(null, '', location.pathname + location.search + (rest || ''));
}

/** Forgets the token kept under `key` (退出). */
export function forgetToken(storageName, key) {
  try { window[storageName].removeItem(key); } catch (e) { /* nothing kept */ }
}

/** The token kept by stashToken, or null (none kept, or no storage: the link is needed). */
export function stashedToken(storageName, key) {
  try { return window[storageName].getItem(key); } catch (e) { return null; }
}
