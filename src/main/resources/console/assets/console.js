// Shouli desk console: live updates from the case event stream. Without this script every page still works
// (reload to see changes); with it, rows and case sections refresh themselves as events arrive.
(function () {
  "use strict";
  var list = document.querySelector("[data-live-list]");
  var caseView = document.querySelector("[data-live-case]");
  if (!window.EventSource || !window.htmx || (!list && !caseView)) {
    return;
  }
  var pendingList = null;
  function refreshList() {
    if (pendingList) { return; }
    pendingList = setTimeout(function () {
      pendingList = null;
      htmx.ajax("GET", window.location.pathname + window.location.search,
        {target: "#case-results", select: "#case-results", swap: "outerHTML"});
    }, 400);
  }
  function refreshRow(row, reference) {
    htmx.ajax("GET", "/desk/cases/" + encodeURIComponent(reference) + "/row", {target: row, swap: "outerHTML"})
      .then(function () {
        var fresh = document.getElementById(row.id);
        if (fresh) { fresh.classList.add("flash-row"); }
      });
  }
  function refreshCase() {
    ["#case-status", "#case-history"].forEach(function (id) {
      if (document.querySelector(id)) {
        htmx.ajax("GET", window.location.pathname, {target: id, select: id, swap: "outerHTML"});
      }
    });
  }
  var source = new EventSource("/desk/events");
  source.onmessage = function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (caseView && event.reference === caseView.getAttribute("data-live-case")) {
      refreshCase();
    }
    if (list) {
      list = document.querySelector("[data-live-list]");
      var row = list && list.querySelector("tr[data-reference='" + event.reference + "']");
      if (row) {
        refreshRow(row, event.reference);
      } else if (event.kind === "received" && window.location.search.indexOf("cursor=") < 0) {
        refreshList();
      }
    }
  };
})();
