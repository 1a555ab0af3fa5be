// The answer page's state in memory. What outlasts a reload is in storage.js and outbox.js.

export var state = {
  supervisor: null,
  surveys: {},        // id -> latest survey object (with version)
  order: [],          // survey ids in arrival order
  submitted: {},      // survey id -> receipt {id, version, storedAt}
  closed: {},         // survey id -> true
  fresh: {},          // survey id -> true when pushed live
  current: null,      // survey id of the open form
  section: 0,         // index of the section on screen (SurveyLogic.sections)
  answers: {},        // answers of the open form
  errors: {},         // question id -> message for the open form
  followups: {},      // row number -> 回访 notice awaiting an answer
  followupDone: {}    // row number -> true once answered (acked)
};
