import { useState, type Dispatch, type SetStateAction } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { MeResponse } from '@smartunion/contracts';

import { getMe } from '../services/api';
import { showError, showFailure, showSuccess } from './feedback';
import type { LoadState } from './page-state';
import { usePageData } from './use-page-data';

// The scaffold of a workbench editor: one record of the scope (`?id=`), or a new one without an id. The page
// keeps its fields and its form ⇄ request mapping; loading, errors and saving live here, the layout in
// edit-form.tsx.

/** What an editor loaded: the caller, the record (null when creating one) and whatever else the page shows. */
export type EditData<R, X extends object> = X & { me: MeResponse; record: R | null };

/** The per-field messages of a form. */
type ErrorsOf = Partial<Record<string, string>>;

export interface EditFormSpec<
  R extends { id: string },
  X extends object,
  F extends object,
  E extends ErrorsOf,
  P,
> {
  /** Reads the record of an id. */
  fetch: (id: string) => Promise<R>;
  /** What else the page needs, read alongside (the merchants a new coupon may be for). */
  extra?: (id: string) => Promise<X>;
  /** The navigation bar title once loaded. */
  title: (data: EditData<R, X>) => string;
  /** The form of a new record. */
  empty: () => F;
  /** A new record's form from what was loaded (a merchant preset by the page that opened this one). */
  preset?: (form: F, data: EditData<R, X>) => F;
  formOf: (record: R) => F;
  /** What the API would refuse, caught before sending; empty when the form may be saved. */
  validate: (form: F, record: R | null) => E;
  /** The fields a VALIDATION_FAILED refusal names, or null. */
  serverErrors?: (error: unknown) => E | null;
  /** The error fields a change of a form key clears; by default the key's own. */
  clears?: Partial<Record<keyof F, readonly (keyof E)[]>>;
  /** What an update sends; an object without keys means nothing changed. */
  patch: (form: F, record: R) => P;
  update: (id: string, patch: P) => Promise<R>;
  create: (form: F) => Promise<{ id: string }>;
  /** The toast after creating, and the editor route the new record then opens in. */
  created: { message: string; route: string };
  /** What to say about a refusal in the page's own words (a name taken), or null for the API's message. */
  failure?: (error: unknown) => string | null;
}

/** What a field needs from the form: spread it into LabeledInput, OrgField… */
export interface Bound<V> {
  name: string;
  value: V;
  error?: string;
  onChange: (value: V) => void;
}

export interface EditForm<R, X extends object, F extends object, E extends ErrorsOf> {
  state: LoadState<EditData<R, X>>;
  reload: () => Promise<void>;
  form: F;
  setForm: Dispatch<SetStateAction<F>>;
  errors: E;
  /** Changes one form key and clears the errors it answers. */
  set: <K extends keyof F>(key: K, value: F[K]) => void;
  /** A field's props for one form key: its value, setter and error (the error field `name`, by default the key). */
  bind: <K extends keyof F & string>(key: K, name?: keyof E & string) => Bound<F[K]>;
  saving: boolean;
  /** Validates, then updates the record or creates one and opens it; tells the user by a toast. */
  save: () => Promise<void>;
  /** The record as another part of the page changed it (a status, a store, a stock raise). */
  replace: (record: R) => void;
  /** Reads the record again after a change that moved its numbers. */
  refresh: () => Promise<void>;
}

export function useEditForm<
  R extends { id: string },
  X extends object,
  F extends object,
  E extends ErrorsOf,
  P,
>(spec: EditFormSpec<R, X, F, E, P>): EditForm<R, X, F, E> {
  const id = useRouter().params.id ?? '';
  const [form, setForm] = useState<F>(spec.empty);
  const [errors, setErrors] = useState<E>({} as E);
  const [saving, setSaving] = useState(false);

  const { state, setState, reload } = usePageData<EditData<R, X>>(
    async () => {
      const [me, record, extra] = await Promise.all([
        getMe(),
        id ? spec.fetch(id) : Promise.resolve(null),
        spec.extra ? spec.extra(id) : Promise.resolve({} as X),
      ]);
      const data = { ...extra, me, record };
      if (record) setForm(spec.formOf(record));
      else if (spec.preset) setForm((f) => spec.preset?.(f, data) ?? f);
      Taro.setNavigationBarTitle({ title: spec.title(data) }).catch(() => undefined);
      return data;
    },
    // Loaded once: coming back from a sub-page must not throw away what is being typed.
    { onShow: false, login: true },
  );

  const record = state.status === 'ready' ? state.record : null;

  const set = <K extends keyof F>(key: K, value: F[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => {
      const next = { ...e };
      for (const field of spec.clears?.[key] ?? [key as unknown as keyof E]) delete next[field];
      return next;
    });
  };

  const bind = <K extends keyof F & string>(key: K, name: keyof E & string = key): Bound<F[K]> => ({
    name,
    value: form[key],
    error: errors[name],
    onChange: (value) => set(key, value),
  });

  const replace = (saved: R): void => setState((s) => (s.status === 'ready' ? { ...s, record: saved } : s));

  async function refresh(): Promise<void> {
    if (!record) return;
    try {
      replace(await spec.fetch(record.id));
    } catch (error) {
      showError(error);
    }
  }

  async function save(): Promise<void> {
    if (state.status !== 'ready' || saving) return;
    const found = spec.validate(form, record);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showFailure('请检查标红的内容');
      return;
    }
    setSaving(true);
    try {
      if (record) {
        const patch = spec.patch(form, record);
        if (typeof patch === 'object' && patch !== null && Object.keys(patch).length === 0) {
          showFailure('没有修改');
          return;
        }
        const saved = await spec.update(record.id, patch);
        setForm(spec.formOf(saved));
        replace(saved);
        showSuccess('已保存');
      } else {
        const created = await spec.create(form);
        showSuccess(spec.created.message);
        await Taro.redirectTo({ url: `${spec.created.route}?id=${created.id}` });
      }
    } catch (error) {
      const fields = spec.serverErrors?.(error);
      if (fields) setErrors(fields);
      const message = spec.failure?.(error);
      if (message) showFailure(message);
      else showError(error);
    } finally {
      setSaving(false);
    }
  }

  return {
    state,
    reload,
    form,
    setForm,
    errors,
    set,
    bind,
    saving,
    save,
    replace,
    refresh,
  };
}
