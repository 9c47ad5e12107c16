cell => {
  const issues = [];
  const area = cell.querySelector('.jp-OutputArea-output');
  if (!area) return ['no output'];
  const A = area.getBoundingClientRect();
  const px = v => Math.round(v);
  const canvas = cell.querySelector('.jupyter-matplotlib-canvas-div canvas');
  if (!canvas) issues.push('no live canvas');
  else {
    const b = canvas.getBoundingClientRect();
    if (b.right > A.right + 1 || b.left < A.left - 1) issues.push(`figure ${px(b.width)} px wide, output area ${px(A.width)} px`);
  }
  cell.querySelectorAll('.widget-slider').forEach(s => {
    const label = s.querySelector('.widget-label');
    const name = label ? label.textContent.trim() : '?';
    const track = s.querySelector('.slider-container') || s.querySelector('.noUi-target');
    if (track && track.getBoundingClientRect().width < 150) issues.push(`slider "${name}": track ${px(track.getBoundingClientRect().width)} px`);
    const h = s.querySelector('.noUi-handle');
    if (!h || h.tabIndex < 0) issues.push(`slider "${name}": handle not keyboard-focusable`);
  });
  cell.querySelectorAll('.jp-OutputArea-output .widget-label, .jp-OutputArea-output .widget-readout, .jp-OutputArea-output button').forEach(l => {
    if (l.clientWidth > 0 && l.scrollWidth > l.clientWidth + 1) issues.push(`"${l.textContent.trim()}" cut (${l.scrollWidth} > ${l.clientWidth} px)`);
  });
  cell.querySelectorAll('.jp-OutputArea-output .widget-gridbox, .jp-OutputArea-output .widget-hbox, .jp-OutputArea-output .widget-vbox').forEach(b => {
    const r = b.getBoundingClientRect();
    if (r.width > 0 && r.right > A.right + 1) issues.push(`a control row overflows the output area by ${px(r.right - A.right)} px`);
  });
  cell.querySelectorAll('.jp-OutputArea-output select, .jp-OutputArea-output input, .jp-OutputArea-output button').forEach(c => {
    if (c.tabIndex < 0) issues.push(`${c.tagName.toLowerCase()} "${(c.textContent || c.value || '').trim()}" not keyboard-reachable`);
  });
  return issues;
}
