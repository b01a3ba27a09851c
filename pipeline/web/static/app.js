// Person autocomplete: fills the search box's <datalist> from /api/persons/suggest.
// Without JavaScript the form works the same, only without suggestions.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2 || text === last) return;
        last = text;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (persons) {
            list.replaceChildren();
            persons.forEach(function (p) {
              var option = document.createElement("option");
              option.value = p.name;
              option.label = p.label;
              option.textContent = p.label;
              list.appendChild(option);
            });
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
