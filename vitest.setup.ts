// tsyringe needs the Reflect polyfill before it loads; the CLI's entry does the same.
import 'reflect-metadata';
