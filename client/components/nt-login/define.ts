import type { User } from '../../types.ts';
import { NtLogin } from './nt-login.ts';

customElements.define('nt-login', NtLogin);

declare global {
  interface HTMLElementTagNameMap {
    'nt-login': NtLogin;
  }
  interface GlobalEventHandlersEventMap {
    'nt-signed-in': CustomEvent<User>;
  }
}
