// The ROI section's model selector: shows the panel of the chosen model. Inlined into the page at
// render time; without JavaScript the default model's panel shows.
(function () {
  var select = document.getElementById('roi-model');
  if (!select) { return; }
  function show() {
    document.querySelectorAll('.roi-panel').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-model') !== select.value;
    });
  }
  select.addEventListener('change', show);
  show();
})();
