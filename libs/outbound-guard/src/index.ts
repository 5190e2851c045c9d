export { classifyAddress } from './classify-address';
export type { AddressClass, AddressStanding } from './classify-address';
export { findAllowedCidr, loopbackCidrs, parseAllowedCidrs } from './allowed-cidrs';
export type { AllowedCidr, AllowedCidrsParse } from './allowed-cidrs';
export { createOutboundGuard } from './outbound-guard';
export type { CheckedHost, HostResolver, OutboundGuard, OutboundGuardOptions } from './outbound-guard';
export { HostLookupFailed, OutboundAddressRefused } from './outbound-errors';
