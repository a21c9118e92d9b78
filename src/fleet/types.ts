/** What an API layer needs to answer a fleet refusal: a status and a stable code with words. */
export interface HttpErrorLike {
  status: number;
  code: string;
  message: string;
}
