/**
 * What the construct and the Lambda handlers agree on: environment variable names, custom metric names and
 * dimensions, and the defaults both apply. Both modules depend on this one; neither spells these names itself.
 */
package io.medextract.contract;
