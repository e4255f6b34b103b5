"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, ErrorAlert, Field, Input, Textarea } from "@trade/ui";
import { fieldErrorsOf } from "@trade/api/client";

export interface ProductValues {
  title: string;
  description: string;
  imageUrl: string | null;
}

const IMAGE_URL = /^(https?:\/\/|\/|data:image\/svg\+xml)/;

/** Title, description and image of a product: used to create one and to edit it. */
export function ProductForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: ProductValues;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: ProductValues) => void;
  onCancel?: () => void;
}) {
  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [imageUrl, setImageUrl] = useState(initial?.imageUrl ?? "");
  const [touched, setTouched] = useState(false);
  const serverFields = fieldErrorsOf(error);
  const t = useTranslations("productForm");

  const titleError = touched && !title.trim() ? t("enterTitle") : serverFields.title;
  const imageError = imageUrl.trim() && !IMAGE_URL.test(imageUrl.trim()) ? t("badImage") : serverFields.imageUrl;
  const dirty =
    !initial ||
    title !== initial.title ||
    description !== initial.description ||
    (imageUrl || null) !== (initial.imageUrl || null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!title.trim() || imageError) return;
    onSubmit({ title: title.trim(), description: description.trim(), imageUrl: imageUrl.trim() || null });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <ErrorAlert error={error} />
      <Field label={t("title")} error={titleError}>
        <Input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
      </Field>
      <Field label={t("description")} hint={t("descriptionHint")} error={serverFields.description}>
        <Textarea
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={4}
          maxLength={5000}
        />
      </Field>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
        <Field label={t("imageUrl")} hint={t("imageHint")} error={imageError}>
          <Input
            name="imageUrl"
            type="url"
            inputMode="url"
            value={imageUrl}
            onChange={(e) => setImageUrl(e.target.value)}
            placeholder="https://…"
            maxLength={2000}
          />
        </Field>
        {imageUrl.trim() && !imageError && (
          <img
            src={imageUrl.trim()}
            alt={t("preview")}
            className="size-24 rounded-md object-cover ring-1 ring-neutral-200"
          />
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={busy} disabled={!dirty}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="outline" onClick={onCancel} disabled={busy}>
            {t("cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
