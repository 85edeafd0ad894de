import { NtAdminOrders } from './nt-admin-orders.ts';

customElements.define('nt-admin-orders', NtAdminOrders);

declare global {
  interface HTMLElementTagNameMap {
    'nt-admin-orders': NtAdminOrders;
  }
}
