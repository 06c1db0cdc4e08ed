// One Content Security Policy for both shells (Electron and the host): no inline or remote
// scripts, no eval, no plugins, no framing. Inline styles stay allowed because ag-grid's theming
// injects <style> elements at run time; scripts are what CSP must lock down.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
