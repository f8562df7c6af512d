// build.mjs bundles an imported .css file as its minified text (the generic content script's card styles).
declare module '*.css' {
  const text: string;
  export default text;
}
