/** Entry point of the browser bundle: registers the shell, which registers every page. */
import './components/nt-app/define.ts';
