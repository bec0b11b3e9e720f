// Set an image's focal point by clicking its preview (images/widgets.py).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".focal-point")) {
    const x = document.getElementById(box.dataset.xField);
    const y = document.getElementById(box.dataset.yField);
    const image = box.querySelector("img");
    const marker = box.querySelector(".focal-point__marker");
    if (!x || !y || !image || !marker) {
      continue;
    }
    const place = () => {
      marker.style.left = `${Number(x.value) || 0}%`;
      marker.style.top = `${Number(y.value) || 0}%`;
      marker.hidden = false;
    };
    image.addEventListener("click", (event) => {
      const area = image.getBoundingClientRect();
      x.value = Math.round(((event.clientX - area.left) / area.width) * 100);
      y.value = Math.round(((event.clientY - area.top) / area.height) * 100);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }
});
