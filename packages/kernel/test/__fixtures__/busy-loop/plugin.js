// Top-level code that never yields: no timer on this thread could ever fire.
for (;;) {
  // spin
}
