/* The index's filters: region, legal system, core elements only. The choice lives in the
   address's fragment (index.html#region=Europe&core=1), so it can be bookmarked and shared. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("heat");
  if (!form || !table) {
    return;
  }
  var region = form.elements.region;
  var system = form.elements.system;
  var core = form.elements.core;
  var shown = document.getElementById("shown");

  function read() {
    var wanted = new URLSearchParams(location.hash.slice(1));
    region.value = wanted.get("region") || "";
    system.value = wanted.get("system") || "";
    core.checked = wanted.get("core") === "1";
  }

  function apply() {
    var rows = table.tBodies[0].rows;
    var count = 0;
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      var keep = (!region.value || row.getAttribute("data-region") === region.value) &&
        (!system.value || row.getAttribute("data-system") === system.value);
      row.hidden = !keep;
      count += keep ? 1 : 0;
    }
    table.classList.toggle("core-only", core.checked);
    shown.textContent = count + " of " + rows.length + " jurisdictions shown";
  }

  function write() {
    var wanted = new URLSearchParams();
    if (region.value) {
      wanted.set("region", region.value);
    }
    if (system.value) {
      wanted.set("system", system.value);
    }
    if (core.checked) {
      wanted.set("core", "1");
    }
    location.hash = wanted.toString();
    apply();
  }

  form.hidden = false;
  form.addEventListener("change", write);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    write();
  });
  window.addEventListener("hashchange", function () {
    read();
    apply();
  });
  read();
  apply();
})();
