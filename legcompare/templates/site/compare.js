/* The compare page: two laws' answers side by side, from the data embedded in the page. Every
   piece of markup comes ready-made and escaped from the site's templates; this script only
   chooses and arranges it. The choice lives in the fragment: compare.html#a=ITA&b=COL. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("compare-data").textContent);
  var form = document.getElementById("pick");
  var out = document.getElementById("result");
  var keys = Object.keys(data.laws);

  function read() {
    var wanted = new URLSearchParams(location.hash.slice(1));
    var a = wanted.get("a");
    var b = wanted.get("b");
    form.elements.a.value = data.laws[a] ? a : form.elements.a.options[0].value;
    form.elements.b.value = data.laws[b] ? b : form.elements.b.options[1 % keys.length].value;
    form.elements.all.checked = wanted.get("all") === "1";
  }

  function direction(x, y) {
    if (x === y) {
      return "same";
    }
    var cx = data.credit[x];
    var cy = data.credit[y];
    if (cx === null || cy === null || cx === cy) {
      return "other";
    }
    return cx > cy ? "a" : "b";
  }

  function draw() {
    var a = data.laws[form.elements.a.value];
    var b = data.laws[form.elements.b.value];
    var counts = { same: 0, a: 0, b: 0, other: 0 };
    var rows = [];
    data.elements.forEach(function (element) {
      var x = a.answers[element[0]];
      var y = b.answers[element[0]];
      var way = direction(x[0], y[0]);
      counts[way] += 1;
      if (way !== "same" || form.elements.all.checked) {
        rows.push("<tr>" + element[1] + x[1] + y[1] + "</tr>");
      }
    });
    out.innerHTML = "<div class=\"heads\"><div>" + a.head + "</div><div>" + b.head + "</div></div>" +
      "<p class=\"counts\"></p><table class=\"answers\"><thead><tr><th scope=\"col\">element</th>" +
      "<th scope=\"col\" class=\"a\"></th><th scope=\"col\" class=\"b\"></th></tr></thead><tbody>" +
      rows.join("") + "</tbody></table>";
    out.querySelector("th.a").textContent = a.label;
    out.querySelector("th.b").textContent = b.label;
    out.querySelector(".counts").textContent = counts.same + " elements the same; " + a.label +
      " covers " + counts.a + " better; " + b.label + " covers " + counts.b + " better; " +
      counts.other + " differ otherwise." + (rows.length ? "" : " No element differs.");
    document.title = a.label + " compared with " + b.label + " · " + document.title.split(" · ").pop();
  }

  function write() {
    var wanted = new URLSearchParams();
    wanted.set("a", form.elements.a.value);
    wanted.set("b", form.elements.b.value);
    if (form.elements.all.checked) {
      wanted.set("all", "1");
    }
    location.hash = wanted.toString();
  }

  form.hidden = false;
  form.addEventListener("change", write);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    write();
  });
  window.addEventListener("hashchange", function () {
    read();
    draw();
  });
  read();
  draw();
})();
