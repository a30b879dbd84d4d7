// Article page: the legend's check boxes show or hide each kind of highlight.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("#legend input[data-layer]");
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
})();
