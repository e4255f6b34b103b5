"use client";

import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { Dialog, DialogActions } from "./dialog";
import { useUiText } from "./ui-text";

export interface DialogFormProps {
  /** Called on submit (the browser's own validation is off: the form shows its own errors). */
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: ReactNode;
  submitVariant?: ButtonVariant;
  submitDisabled?: boolean;
  /** A request is running: the submit button spins, cancel waits. */
  busy?: boolean;
  /** Above the fields, e.g. the app's error alert for the failed request. */
  alert?: ReactNode;
  cancelLabel?: string;
  children: ReactNode;
}

/**
 * The body of a dialog that edits something: the fields, then cancel and submit. For a form
 * with state of its own, render it inside a <Dialog> (whose children mount only while it is
 * open, so every opening starts from fresh state); for one whose state the caller holds, use
 * <FormDialog>.
 */
export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  submitVariant = "primary",
  submitDisabled,
  busy,
  alert,
  cancelLabel,
  children,
}: DialogFormProps) {
  const text = useUiText();
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      {alert}
      {children}
      <DialogActions>
        <Button variant="outline" onClick={onCancel} disabled={busy}>
          {cancelLabel ?? text.cancel}
        </Button>
        <Button type="submit" variant={submitVariant} loading={busy} disabled={submitDisabled}>
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}

/** A <Dialog> holding a <DialogForm>; cancel and Escape both call `onClose`. */
export function FormDialog({
  open,
  onClose,
  title,
  description,
  ...form
}: Omit<DialogFormProps, "onCancel"> & {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <DialogForm onCancel={onClose} {...form} />
    </Dialog>
  );
}
