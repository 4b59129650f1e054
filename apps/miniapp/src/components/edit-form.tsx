import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Dialog, Switch, TextArea, Toast } from '@nutui/nutui-react-taro';
import type { MeResponse, OrgRef, Permission } from '@smartunion/contracts';

import { Chip } from './amenity-tags';
import { TOAST_ID } from './feedback';
import { OrgChooser } from './org-chooser';
import { FailedState, FieldError, LoadingState, type LoadState, SignedOutState } from './page-state';

// The layout of a workbench editor; its state and saving are `useEditForm` (use-edit-form.ts).
export * from './use-edit-form';

/** An editor page: its loading and failed states, the body once loaded, and the page's toast. */
export function EditPage<T>({
  className,
  state,
  onRetry,
  children,
}: {
  /** The page's class prefix (`station-edit`); the failed state is `<className>-failed`. */
  className: string;
  state: LoadState<T>;
  onRetry: () => void;
  children: (ready: { status: 'ready' } & T) => ReactNode;
}): ReactNode {
  return (
    <View className={`page ${className}`}>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'signedOut' && <SignedOutState reason={state.reason} />}
      {state.status === 'failed' && (
        <FailedState className={`${className}-failed`} message={state.message} onRetry={onRetry} />
      )}
      {state.status === 'ready' && children(state)}
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** A white group of rows: `<form>-group` (and `<form>-group--<name>`). */
export function FormSection({
  form,
  name,
  children,
}: {
  form: string;
  name?: string;
  children: ReactNode;
}): ReactNode {
  return <View className={name ? `${form}-group ${form}-group--${name}` : `${form}-group`}>{children}</View>;
}

/** The primary button under a form. */
export function SubmitBar({
  className,
  saving,
  onSubmit,
  children,
}: {
  className: string;
  saving: boolean;
  onSubmit: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <View className="su-actions">
      <Button className={className} type="primary" block loading={saving} onClick={onSubmit}>
        {children}
      </Button>
    </View>
  );
}

/** Where a new record belongs: the scope's orgs the caller may manage with `permission`. */
export function OrgField({
  me,
  permission,
  title,
  value,
  error,
  onChange,
}: {
  me: MeResponse;
  permission: Permission;
  title: string;
  value: OrgRef | null;
  error?: string;
  onChange: (org: OrgRef | null) => void;
}): ReactNode {
  return (
    <>
      <OrgChooser
        me={me}
        permission={permission}
        grassrootsOnly={false}
        title={title}
        value={value}
        onChange={onChange}
      />
      <FieldError name="org" message={error} />
    </>
  );
}

/** A labelled multi-line text with a counter: `<form>-group--<name>`, the area `<form>-<name>`. */
export function TextAreaField({
  form,
  name,
  label,
  value,
  placeholder,
  maxLength,
  error,
  onChange,
}: {
  form: string;
  name: string;
  label: string;
  value: string;
  placeholder: string;
  maxLength: number;
  error?: string;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <FormSection form={form} name={name}>
      <View className={`${form}-label`}>{label}</View>
      <TextArea
        className={`${form}-${name}`}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        showCount
        onChange={onChange}
      />
      <FieldError name={name} message={error} />
    </FormSection>
  );
}

/** One choice (or several) among labelled values as chips: `<form>-chips <form>-<group>`, each `<form>-<item>--<value>`. */
export function ChipChoices<V extends string>({
  form,
  group,
  item,
  values,
  labels,
  active,
  onPick,
}: {
  form: string;
  group: string;
  item: string;
  values: readonly V[];
  labels: Readonly<Record<V, string>>;
  active: (value: V) => boolean;
  onPick: (value: V) => void;
}): ReactNode {
  return (
    <View className={`${form}-chips ${form}-${group}`}>
      {values.map((v) => (
        <Chip
          key={v}
          className={`${form}-${item} ${form}-${item}--${v}`}
          active={active(v)}
          label={labels[v]}
          onClick={() => onPick(v)}
        />
      ))}
    </View>
  );
}

/** `list` with `value` added, or removed when it was there (a multi-choice chip tapped). */
export function toggled<V>(list: readonly V[], value: V): V[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}

/** A label and an on/off switch: `<form>-row <form>-row--<row>`, the switch `className`. */
export function SwitchRow({
  form,
  row,
  className,
  label,
  checked,
  onChange,
}: {
  form: string;
  row: string;
  className: string;
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}): ReactNode {
  return (
    <View className={`${form}-row ${form}-row--${row}`}>
      <View className={`${form}-label`}>{label}</View>
      <Switch className={className} checked={checked} onChange={onChange} />
    </View>
  );
}

/**
 * "Are you sure?" before a step that takes effect at once (suspend, end, unlink). `onConfirm` rejecting keeps
 * the dialog open (the failure was told by a toast).
 */
export function ConfirmDialog({
  className,
  visible,
  title,
  content,
  confirmText,
  onConfirm,
  onClose,
}: {
  className: string;
  visible: boolean;
  title: string;
  content: string;
  confirmText: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}): ReactNode {
  return (
    <Dialog
      className={className}
      visible={visible}
      title={title}
      content={content}
      confirmText={confirmText}
      cancelText="取消"
      onConfirm={onConfirm}
      onCancel={onClose}
      onClose={onClose}
    />
  );
}
