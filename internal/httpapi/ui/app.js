// ownex web UI script, served as /static/app.js: the content security
// policy allows no inline script. An input marked data-autosubmit (the
// entity page's as-of date) submits its form when it changes.
document.addEventListener('DOMContentLoaded', () => {
  for (const el of document.querySelectorAll('[data-autosubmit]')) {
    el.addEventListener('change', () => el.form && el.form.submit());
  }
});
