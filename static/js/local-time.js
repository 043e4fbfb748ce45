/* Fulcrum: times the server writes in UTC (`<time data-local datetime="…Z">`), shown in the
   reader's own time zone and language. Without JavaScript the UTC text stays. */
const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

for (const element of document.querySelectorAll("time[data-local]")) {
  const moment = new Date(element.dateTime);
  if (!Number.isNaN(moment.getTime())) element.textContent = format.format(moment);
}
