// Packages the host hands to plugins without type declarations of their own.
declare module 'prismjs';
