/** Most of a file's time is spent waiting on DynamoDB Local, SES local or Chromium: on 2 cores, 3 files at once keep both busy. */
export const FILES_SIDE_BY_SIDE = 3;
