// The Explore page's client side: the lever search, presentation mode (keyboard next/previous)
// and the print button. No eval, no inline handlers: listeners on the document, so the parts the
// server redraws keep working.
(function () {
  function filterLevers() {
    const box = document.getElementById('explore-find');
    const levers = document.querySelector('.levers-panel');
    if (!box || !levers) return;
    const words = box.value.trim().toLowerCase();
    levers.classList.toggle('searching', words !== '');
    let found = 0;
    levers.querySelectorAll('.lever').forEach(function (lever) {
      const text = (lever.dataset.words || lever.textContent).toLowerCase();
      const match = words === '' || words.split(/\s+/).every(function (w) { return text.includes(w); });
      lever.classList.toggle('no-match', !match);
      if (match && words !== '') found += 1;
    });
    levers.querySelectorAll('.accordion-item').forEach(function (item) {
      const any = item.querySelector('.lever:not(.no-match)') !== null;
      item.classList.toggle('no-match', words !== '' && !any);
    });
    const count = document.getElementById('find-count');
    if (count) count.textContent = words === '' ? '' : found + (found === 1 ? ' lever' : ' levers');
  }
  document.addEventListener('input', function (event) {
    if (event.target && event.target.id === 'explore-find') filterLevers();
  });
  $(document).on('shiny:value', function (event) {
    if (event.name === 'explore-levers') setTimeout(filterLevers, 0);
  });

  // ---- a lever answers when it is let go ------------------------------------------------------
  // Shiny sends a slider's value 250 ms after it last changed (a debounce, so that a drag does not
  // ask for a run at every pixel), and Ion.RangeSlider reports a click on its track up to 300 ms
  // late. The value is known as soon as the slider moves, so a slider let go (mouse, finger or pen
  // lifted, or an arrow key released) is sent at once: about half a second less wait for each
  // lever move. Shiny drops a value equal to the one it last sent, so the late report sends nothing
  // twice.
  const held = new Map();  // pointer id -> the slider it pressed
  function sliderOf(target) {
    const slider = target && target.closest && target.closest('.irs');
    const box = slider && slider.closest('.shiny-input-container');
    return box ? box.querySelector('input.js-range-slider') : null;
  }
  function sendNow(input) {
    const binding = input && $(input).data('shiny-input-binding');
    if (!binding || !window.Shiny) return;
    const type = binding.getType(input);
    Shiny.setInputValue(type ? input.id + ':' + type : input.id, binding.getValue(input));
  }
  document.addEventListener('pointerdown', function (event) {
    const input = sliderOf(event.target);
    if (input) held.set(event.pointerId, input);
  }, true);
  document.addEventListener('pointerup', function (event) {
    const input = held.get(event.pointerId);
    held.delete(event.pointerId);
    sendNow(input);
  });
  document.addEventListener('pointercancel', function (event) { held.delete(event.pointerId); });
  document.addEventListener('keyup', function (event) {
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) {
      sendNow(sliderOf(event.target));
    }
  });

  // ---- presentation mode: one or two charts filling the screen -------------------------------
  let slide = 0;
  function slides() { return document.querySelectorAll('.presentation .present-chart'); }
  function show() {
    const cards = slides();
    const perSlide = window.innerWidth >= 900 ? 2 : 1;
    const count = Math.max(1, Math.ceil(cards.length / perSlide));
    slide = ((slide % count) + count) % count;
    cards.forEach(function (card, i) {
      card.classList.toggle('on-slide', Math.floor(i / perSlide) === slide);
    });
    const where = document.querySelector('.presentation .slide-number');
    if (where) where.textContent = 'charts ' + (slide + 1) + ' of ' + count + ' (arrow keys: next, previous; Esc: back)';
  }
  // The sheet is drawn by the server only while wanted (presenting or printing), so a lever move
  // does not pay for charts nobody sees.
  let printWhenDrawn = false;
  function want(on) { Shiny.setInputValue('explore-sheet_wanted', on ? Date.now() : 0); }
  function present(on) {
    document.body.classList.toggle('presenting', on);
    if (on) { slide = 0; want(true); show(); } else { want(false); }
  }
  document.addEventListener('click', function (event) {
    const button = event.target.closest && event.target.closest('[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'present') present(true);
    else if (action === 'present-exit') present(false);
    else if (action === 'present-next') { slide += 1; show(); }
    else if (action === 'present-previous') { slide -= 1; show(); }
    else if (action === 'print') { printWhenDrawn = true; want(true); }
  });
  document.addEventListener('keydown', function (event) {
    if (!document.body.classList.contains('presenting')) return;
    if (['ArrowRight', 'PageDown', ' '].includes(event.key)) { slide += 1; show(); event.preventDefault(); }
    else if (['ArrowLeft', 'PageUp'].includes(event.key)) { slide -= 1; show(); event.preventDefault(); }
    else if (event.key === 'Escape') present(false);
  });
  $(document).on('shiny:value', function (event) {
    if (event.name !== 'explore-sheet_view') return;
    setTimeout(function () {
      show();
      if (printWhenDrawn && document.querySelector('.presentation')) { printWhenDrawn = false; window.print(); }
    }, 50);
  });
})();
