export * from './figure';
export * from './disclosure-rule';
export * from './linear-audit';
export * from './withholding-text';
