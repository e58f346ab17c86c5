// natural ships no types for its stopword lists; the rest of its subfolders are typed.
declare module 'natural/lib/natural/util/stopwords_fr' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
