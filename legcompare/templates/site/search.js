/* Search over the prebuilt index (assets/search-index.js): every word of the query must occur
   in an entry's title or text; accents and case are ignored. Results are built as text nodes,
   never as markup. */
(function () {
  "use strict";
  var LIMIT = 200;
  var docs = window.LC_SEARCH || [];
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var folded = docs.map(function (doc) {
    return fold(doc[1] + " \u2022 " + doc[3]);
  });

  function snippet(doc, term) {
    var text = doc[3];
    var at = Math.max(0, fold(text).indexOf(term));
    var start = Math.max(0, at - 60);
    var piece = text.slice(start, start + 220);
    return (start > 0 ? "\u2026" : "") + piece + (start + 220 < text.length ? "\u2026" : "");
  }

  function run(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) {
      status.textContent = docs.length + " entries to search.";
      return;
    }
    var found = 0;
    for (var i = 0; i < docs.length; i += 1) {
      var hay = folded[i];
      if (!terms.every(function (term) { return hay.indexOf(term) >= 0; })) {
        continue;
      }
      found += 1;
      if (found > LIMIT) {
        continue;
      }
      var doc = docs[i];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc[2];
      link.textContent = doc[1];
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc[0];
      item.appendChild(link);
      item.appendChild(kind);
      if (doc[3]) {
        var text = document.createElement("p");
        text.textContent = snippet(doc, terms[0]);
        item.appendChild(text);
      }
      list.appendChild(item);
    }
    status.textContent = found === 0 ? "Nothing found for \u201c" + query + "\u201d." :
      found + " found" + (found > LIMIT ? "; the first " + LIMIT + " shown" : "") + ".";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
  });
  input.addEventListener("input", function () {
    run(input.value);
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  run(input.value);
})();
